// Where each workspace keeps its state: its own region's bucket (s3), or a relative path beside the output (local).
import { DataTerraformRemoteStateLocal, DataTerraformRemoteStateS3, LocalBackend, S3Backend, type TerraformRemoteState, type TerraformStack } from 'cdktf';
import type { Topology } from '../model/types';

export interface StateLocation {
  backend: 's3' | 'local';
  /** For people: s3://bucket/key (region) or the relative path. */
  where: string;
  region?: string;
}

/** The bucket and key of a workspace's state with backend s3. */
function s3Object(t: Topology, workspace: string, stateRegion: string): { bucket: string; key: string } {
  return { bucket: t.state.bucket!.replaceAll('{region}', stateRegion), key: `${t.state.keyPrefix}/${workspace}.tfstate` };
}

export function stateLocation(t: Topology, workspace: string, stateRegion: string): StateLocation {
  if (t.state.backend === 's3') {
    const { bucket, key } = s3Object(t, workspace, stateRegion);
    return { backend: 's3', where: `s3://${bucket}/${key}`, region: stateRegion };
  }
  return { backend: 'local', where: localStatePath(t, workspace) };
}

/**
 * Relative to a workspace folder (<out>/stacks/<name>), so the same from every stack and on every machine,
 * and outside the output folder, which each synth replaces.
 */
function localStatePath(t: Topology, workspace: string): string {
  // The topology's name keeps two topologies synthesized side by side from sharing state files.
  return `../../../terraform.${t.name}.${workspace}.tfstate`;
}

export function addBackend(stack: TerraformStack, t: Topology, workspace: string, stateRegion: string): StateLocation {
  const location = stateLocation(t, workspace, stateRegion);
  if (t.state.backend === 's3') {
    const lock = t.state.lock.kind === 'lockfile' ? { useLockfile: true } : { dynamodbTable: t.state.lock.table };
    new S3Backend(stack, {
      ...s3Object(t, workspace, stateRegion),
      region: stateRegion,
      encrypt: true,
      ...lock,
    } as ConstructorParameters<typeof S3Backend>[1]);
  } else {
    new LocalBackend(stack, { path: localStatePath(t, workspace) });
  }
  return location;
}

/**
 * A read of another workspace's state (its outputs), configured as that workspace's own backend. Only the global
 * workspace uses it, and only for the endpoints app.module makes in a region (see ARCHITECTURE.md).
 */
export function remoteState(stack: TerraformStack, id: string, t: Topology, workspace: string, stateRegion: string): TerraformRemoteState {
  if (t.state.backend === 's3') {
    return new DataTerraformRemoteStateS3(stack, id, { ...s3Object(t, workspace, stateRegion), region: stateRegion });
  }
  // Relative to the reading workspace's folder, which is a sibling of the one that writes it: the same path.
  return new DataTerraformRemoteStateLocal(stack, id, { path: localStatePath(t, workspace) });
}
