#!/usr/bin/env node
/**
 * pulumi-resource-itcare: the native `itcare` resource provider plugin (see native/provider.ts).
 * The engine starts it with its own address as the first argument, one process per provider.
 */
import { main } from '@pulumi/pulumi/provider';
import { interceptConfigure } from './configure';
import { diffMethod } from './diffResponse';
import { routeStderr } from './engineLog';
import { nativeProvider } from './provider';
import { renderSchema } from './schema';

// A require: package.json is read at run time from the installed package, not compiled in.
const { version } = require('../../package.json') as { version: string };
const args = process.argv.slice(2);
/** The engine's address: the first argument that is not a flag (`--tracing` takes a value). */
const engineAddress = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '--tracing');
const itcare = nativeProvider(version, renderSchema());
interceptConfigure({ diff: diffMethod(itcare) });
routeStderr(engineAddress);
void main(itcare, args);
