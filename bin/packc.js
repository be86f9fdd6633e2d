#!/usr/bin/env node
// Entry point: runs the committed, self-contained bundle so no build step is needed after `npm ci`.
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
