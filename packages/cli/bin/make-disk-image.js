#!/usr/bin/env node
// The installed command. It is a committed file (not dist/ itself) so that npm can link it when the
// workspace is installed, before `prepare` has compiled dist/. It runs the bundle of dist/bin.js
// (scripts/bundle.mjs): the same code in a few files instead of ~240 modules, which start faster.
import "../dist/bundle/bin.js"
