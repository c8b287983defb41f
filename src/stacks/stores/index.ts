// The builders of the data-store kinds, owned by the build layer: a map typed to be complete over DataStoreType, so a
// new kind without a builder is a type error here, and src/model (the kinds: src/model/stores/) never imports this
// layer. A kind this version does not compile maps to undefined and says why in its `notCompiled`
// (test/unit/registry.test.ts holds the two together).
import type { DataStoreType } from '../../model/stores';
import { aurora } from './aurora';
import { backup } from './backup';
import type { StoreBuilder } from './builder';
import { cache } from './cache';
import { dsql } from './dsql';
import { dynamodb } from './dynamodb';
import { events } from './events';
import { parameter } from './parameter';
import { queue } from './queue';
import { s3 } from './s3';
import { secret } from './secret';

export const STORE_BUILDERS: { [K in DataStoreType]: StoreBuilder<K> | undefined } = { aurora, dynamodb, s3, secret, parameter, cache, dsql, backup, queue, events };
