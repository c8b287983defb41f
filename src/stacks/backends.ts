// Where each workspace keeps its state: its own region's bucket (s3), an HCP Terraform workspace of its own (cloud),
// or a relative path beside the output (local).
import {
  CloudBackend,
  DataTerraformRemoteState,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  LocalBackend,
  NamedCloudWorkspace,
  NamedRemoteWorkspace,
  S3Backend,
  type TerraformRemoteState,
  type TerraformStack,
} from 'cdktf';
import type { CloudState, Topology } from '../model/types';

export interface StateLocation {
  backend: 's3' | 'cloud' | 'local';
  /** For people: s3://bucket/key (region), the HCP workspace (host/organization/workspace) or the relative path. */
  where: string;
  /** The AWS region of an S3 state; none for cloud (HCP Terraform is outside every AWS region) and local. */
  region?: string;
  /** The state buckets' account, when the topology declares one (state.account). */
  account?: string;
  /** With backend cloud: the HCP workspace, and the tags to set on it in HCP (the cloud block cannot carry them with a name). */
  cloud?: { organization: string; hostname: string; workspace: string; project?: string; tags: string[] };
}

/** The HCP Terraform workspace of a generated workspace: `<workspacePrefix><workspace>`. */
export function cloudWorkspaceName(cloud: CloudState, workspace: string): string {
  return `${cloud.workspacePrefix}${workspace}`;
}

/** The bucket and key of a workspace's state with backend s3. */
function s3Object(t: Topology, workspace: string, stateRegion: string): { bucket: string; key: string } {
  return { bucket: t.state.bucket!.replaceAll('{region}', stateRegion), key: `${t.state.keyPrefix}/${workspace}.tfstate` };
}

export function stateLocation(t: Topology, workspace: string, stateRegion: string): StateLocation {
  if (t.state.backend === 's3') {
    const { bucket, key } = s3Object(t, workspace, stateRegion);
    return { backend: 's3', where: `s3://${bucket}/${key}`, region: stateRegion, ...(t.state.account !== undefined ? { account: t.state.account } : {}) };
  }
  if (t.state.backend === 'cloud') {
    const c = t.state.cloud!;
    const name = cloudWorkspaceName(c, workspace);
    const cloud: NonNullable<StateLocation['cloud']> = { organization: c.organization, hostname: c.hostname, workspace: name, tags: [...c.tags] };
    if (c.project !== undefined) cloud.project = c.project;
    return { backend: 'cloud', where: `${c.hostname}/${c.organization}/${name}`, cloud };
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
      // The state account: the backend assumes its role there, and refuses credentials of any other account.
      ...(t.state.roleArn !== undefined ? { assumeRole: { roleArn: t.state.roleArn } } : {}),
      ...(t.state.account !== undefined ? { allowedAccountIds: [t.state.account] } : {}),
    } as ConstructorParameters<typeof S3Backend>[1]);
  } else if (t.state.backend === 'cloud') {
    // One named workspace per generated workspace: Terraform does not allow `tags` next to `name` in the cloud
    // block, and selecting by tags would leave the workspace to TF_WORKSPACE at run time (ARCHITECTURE.md).
    const c = t.state.cloud!;
    new CloudBackend(stack, {
      organization: c.organization,
      hostname: c.hostname,
      workspaces: new NamedCloudWorkspace(cloudWorkspaceName(c, workspace), c.project),
    });
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
  if (t.state.backend === 'cloud') {
    // Terraform reads HCP Terraform state with the `remote` backend (organization, hostname, workspaces.name); the
    // read workspace must share its state with the global one (HCP: Settings > General > Remote state sharing).
    const c = t.state.cloud!;
    return new DataTerraformRemoteState(stack, id, { organization: c.organization, hostname: c.hostname, workspaces: new NamedRemoteWorkspace(cloudWorkspaceName(c, workspace)) });
  }
  // Relative to the reading workspace's folder, which is a sibling of the one that writes it: the same path.
  return new DataTerraformRemoteStateLocal(stack, id, { path: localStatePath(t, workspace) });
}
