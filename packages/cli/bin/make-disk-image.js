#!/usr/bin/env node
// The installed command. It is a committed file (not dist/bin.js itself) so that npm can link it
// when the workspace is installed, before `prepare` has compiled dist/.
import "../dist/bin.js"
