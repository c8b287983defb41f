// AWS region facts the compiler relies on: known codes, partitions, and the region sets of strongly consistent stores.

/** Every region code topoform accepts, grouped by partition (an ARN's second field). */
export const REGIONS_BY_PARTITION = {
  aws: [
    'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
    'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
    'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1',
    'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
    'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2',
    'us-west-1', 'us-west-2',
  ],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-eusc': ['eusc-de-east-1'],
} as const;

export type Partition = keyof typeof REGIONS_BY_PARTITION;
export type RegionCode = (typeof REGIONS_BY_PARTITION)[Partition][number];

export const ALL_REGIONS: readonly string[] = Object.values(REGIONS_BY_PARTITION).flat().sort();

const partitionOf = new Map<string, Partition>();
for (const [partition, codes] of Object.entries(REGIONS_BY_PARTITION) as [Partition, readonly string[]][]) {
  for (const code of codes) partitionOf.set(code, partition);
}

/** The ARN partition of a region; known regions only (the schema rejects the rest). */
export function partition(region: string): Partition {
  return partitionOf.get(region) ?? 'aws';
}

/** DNS suffix of service endpoints in a partition (used in IAM conditions such as kms:ViaService). */
export function dnsSuffix(region: string): string {
  return partition(region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/**
 * Region sets within which multi-Region strong consistency works: three replicas,
 * or two replicas and a witness, all from one set.
 */
export const STRONG_REGION_SETS = {
  dynamodb: {
    US: ['us-east-1', 'us-east-2', 'us-west-2'],
    EU: ['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1'],
    AP: ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3'],
  },
  dsql: {
    US: ['us-east-1', 'us-east-2', 'us-west-2'],
    EU: ['eu-west-1', 'eu-west-2', 'eu-west-3'],
    AP: ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3'],
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

/** The name of the region set holding every given region, or undefined when none does. */
export function commonRegionSet(kind: keyof typeof STRONG_REGION_SETS, regions: readonly string[]): string | undefined {
  for (const [name, members] of Object.entries(STRONG_REGION_SETS[kind]) as [string, readonly string[]][]) {
    if (regions.every((r) => members.includes(r))) return name;
  }
  return undefined;
}
