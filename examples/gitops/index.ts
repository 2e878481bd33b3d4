/**
 * The whole program: the stack's fleet file, declared. The file is checked completely first (every
 * entry against its resource's schema, with file, line, group, entry and property in each error), so
 * a broken file fails before Pulumi plans or sends anything. Changes happen in fleets/*.yaml, through
 * pull requests.
 */
import * as pulumi from '@pulumi/pulumi';
import { declareFleet } from 'pulumi-itcare/fleet';

const { summary } = declareFleet(new pulumi.Config().require('fleet'));

/** group → resource → { kind, resourceId, status }. */
export const fleet = summary;
