# Flowscope container image: `docker build -t <registry>/flowscope:<tag> .`, then point the manifests
# at it with `kustomize edit set image ghcr.io/flowscope/flowscope=<registry>/flowscope:<tag>`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOME=/tmp PORT=3000
COPY --from=build /app/package.json /app/next.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/public ./public
COPY --from=build /app/scripts ./scripts
USER 65532:65532
EXPOSE 3000
CMD ["node", "scripts/start.mjs"]
