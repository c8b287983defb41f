// The registry of data-store kinds: one module per `data[].type`. A type without a kind here is a type error,
// and normalize, naming, the not-compiled rule and the stacks reach a kind through this map (rules about several kinds,
// such as strong consistency for dynamodb and dsql, still name the types they concern).
import type { SourcePath } from '../types';
import { aurora, type AuroraInput, type AuroraStore } from './aurora';
import { backup, type BackupInput, type BackupStore } from './backup';
import { cache, type CacheInput, type CacheStore } from './cache';
import { dsql, type DsqlInput, type DsqlStore } from './dsql';
import { dynamodb, type DynamoDbInput, type DynamoDbStore } from './dynamodb';
import { events, type EventsInput, type EventsStore } from './events';
import type { StoreKind } from './kind';
import { parameter, type ParameterInput, type ParameterStore } from './parameter';
import { queue, type QueueInput, type QueueStore } from './queue';
import { s3, type S3Input, type S3Store } from './s3';
import { secret, type SecretInput, type SecretStore } from './secret';

export type { AuroraStore, BackupStore, CacheStore, DsqlStore, DynamoDbStore, EventsStore, ParameterStore, QueueStore, S3Store, SecretStore };
export type { KeyAttribute } from './dynamodb';

/** A data store as written in topology.yaml. */
export type DataStoreInput = AuroraInput | DynamoDbInput | S3Input | SecretInput | ParameterInput | CacheInput | DsqlInput | BackupInput | QueueInput | EventsInput;
/** A data store with its defaults filled in. */
export type DataStore = AuroraStore | DynamoDbStore | S3Store | SecretStore | ParameterStore | CacheStore | DsqlStore | BackupStore | QueueStore | EventsStore;
export type DataStoreType = DataStore['type'];
export type StoreOf<K extends DataStoreType> = Extract<DataStore, { type: K }>;
export type StoreInputOf<K extends DataStoreType> = Extract<DataStoreInput, { type: K }>;

/** What the compiler adds to every store, whatever its type. */
export interface StoreCommon {
  name: string;
  regulated: boolean;
  /**
   * Sets of regions the store replicates within, in region order. One set of all regions,
   * except under pattern partitioned, where a regulated store gets one set per jurisdiction.
   */
  groups: string[][];
  path: SourcePath;
}

export const STORE_KINDS = { aurora, dynamodb, s3, secret, parameter, cache, dsql, backup, queue, events } satisfies { [K in DataStoreType]: StoreKind<K> };

export const STORE_TYPES = Object.keys(STORE_KINDS) as DataStoreType[];

export function kindOf<K extends DataStoreType>(type: K): StoreKind<K> {
  return STORE_KINDS[type] as unknown as StoreKind<K>;
}
