#!/usr/bin/env node
import { runProbeCli } from './probe-cli'

void runProbeCli(process.argv.slice(2)).then((code) => process.exit(code))
