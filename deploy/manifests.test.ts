/**
 * The shipped manifests: every object validates against the Kubernetes OpenAPI schemas
 * (kubernetes-models), every file a kustomization names exists, and the settings they pass are ones
 * the server knows. There is no kustomize or cluster here, so this is the check that a typo in a
 * manifest cannot reach a user.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import {
  ClusterRole,
  ClusterRoleBinding,
  Role,
  RoleBinding,
} from 'kubernetes-models/rbac.authorization.k8s.io/v1';

const root = path.resolve(__dirname);
const repo = path.resolve(root, '..');

const models: Record<string, new (o: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
};

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return name.endsWith('.yaml') ? [p] : [];
  });
}

function docs(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map(d => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0]!.message}`);
    return d.toJSON() as Record<string, unknown>;
  });
}

const files = yamlFiles(root);
const kustomizations = files.filter(f => path.basename(f) === 'kustomization.yaml');
const objects = files
  .filter(f => !kustomizations.includes(f))
  .flatMap(f => docs(f).map(o => ({ file: path.relative(root, f), o })));

describe('deploy manifests', () => {
  it('has the base, the NodePort overlay and the exec component', () => {
    expect(kustomizations.map(f => path.relative(root, f)).sort()).toEqual([
      'base/kustomization.yaml',
      'components/agent-exec/kustomization.yaml',
      'overlays/nodeport/kustomization.yaml',
    ]);
  });

  it.each(objects.map(x => [`${x.file} ${String(x.o.kind)}`, x] as const))(
    '%s validates against the Kubernetes schema',
    (_name, { o }) => {
      const key = `${String(o.apiVersion)}/${String(o.kind)}`;
      const Model = models[key];
      expect(Model, `no schema model registered for ${key}`).toBeDefined();
      expect(() => new Model!(o as never).validate()).not.toThrow();
    },
  );

  it('names only files that exist in every kustomization', () => {
    for (const k of kustomizations) {
      const [doc] = docs(k);
      const refs = [
        ...((doc!.resources as string[] | undefined) ?? []),
        ...((doc!.patches as { path?: string }[] | undefined) ?? []).flatMap(p =>
          p.path ? [p.path] : [],
        ),
      ];
      for (const r of refs)
        expect(existsSync(path.resolve(path.dirname(k), r)), `${k} -> ${r}`).toBe(true);
    }
  });

  it('passes only settings the server reads, and the exec patch hits FLOWSCOPE_STATUS_SOURCE', () => {
    const dep = objects.find(x => x.o.kind === 'Deployment')!.o as {
      spec: { template: { spec: { containers: { env: { name: string }[] }[] } } };
    };
    const env = dep.spec.template.spec.containers[0]!.env.map(e => e.name);
    const known = readFileSync(path.join(repo, 'docs', 'configuration.md'), 'utf8');
    for (const name of env) expect(known, `${name} is not documented`).toContain(name);
    // The component's JSON patch replaces env[4] by index.
    expect(env[4]).toBe('FLOWSCOPE_STATUS_SOURCE');
  });

  it('grants no write verb except the opt-in exec component', () => {
    const write = ['create', 'update', 'patch', 'delete', 'deletecollection', '*'];
    for (const { file, o } of objects) {
      if (o.kind !== 'Role' && o.kind !== 'ClusterRole') continue;
      for (const rule of (o.rules as { resources: string[]; verbs: string[] }[]) ?? []) {
        const writes = rule.verbs.filter(v => write.includes(v));
        if (file.startsWith('components/agent-exec'))
          expect(rule.resources).not.toContain('secrets');
        else expect(writes, `${file} ${String(o.kind)} ${rule.resources.join(',')}`).toEqual([]);
      }
    }
  });
});
