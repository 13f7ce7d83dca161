#!/usr/bin/env node
// Small dependency-free helper for start.sh (node is always present, jq may not be).
// Secrets are passed through the environment, never through argv, and never printed.
//
//   node helper.js health URL            exit 0 when GET URL answers 200
//   node helper.js port-open PORT        exit 0 when something accepts TCP on 127.0.0.1:PORT
//   node helper.js secret                print 32 random bytes as hex
//   node helper.js check-lock DIR        exit 0 when DIR/package.json's dependencies match its lock's root entry
//   node helper.js verify-install DIR    exit 0 when every non-optional locked package is installed at its version
//   node helper.js bootstrap             log in, reuse or create the secret API key, write the env file
//       env: XM_BASE_URL XM_EMAIL XM_PASSWORD XM_ENV_FILE
"use strict"

const crypto = require("crypto")
const fs = require("fs")
const net = require("net")
const path = require("path")

function fail(msg) {
  process.stderr.write(`[xclade-medusa] ${msg}\n`)
  process.exit(1)
}

function env(name) {
  const v = process.env[name]
  if (!v) fail(`helper: ${name} is not set`)
  return v
}

async function request(method, url, { headers = {}, body } = {}) {
  const res = await fetch(url, {
    method,
    headers: { accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(15000),
  })
  const text = await res.text()
  let json = null
  try {
    json = text ? JSON.parse(text) : null
  } catch (_) {
    // not JSON: keep json null
  }
  return { status: res.status, json, text }
}

// Describe a failed response without echoing anything that could be a secret.
function describe(res) {
  const msg = res.json && typeof res.json.message === "string" ? res.json.message : res.text.slice(0, 200)
  return `HTTP ${res.status}: ${msg}`
}

function basic(key) {
  return "Basic " + Buffer.from(`${key}:`).toString("base64")
}

function readEnvFile(file) {
  const out = {}
  let text
  try {
    text = fs.readFileSync(file, "utf8")
  } catch (_) {
    return out
  }
  for (const line of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line)
    if (m) out[m[1]] = m[2]
  }
  return out
}

async function bootstrap() {
  const base = env("XM_BASE_URL")
  const email = env("XM_EMAIL")
  const password = env("XM_PASSWORD")
  const file = env("XM_ENV_FILE")

  const login = await request("POST", `${base}/auth/user/emailpass`, { body: { email, password } })
  if (login.status !== 200 || !login.json || typeof login.json.token !== "string") {
    fail(`login as ${email} failed: ${describe(login)}`)
  }
  const bearer = { authorization: `Bearer ${login.json.token}` }

  const list = await request("GET", `${base}/admin/api-keys?limit=1`, { headers: bearer })
  if (list.status !== 200) fail(`GET /admin/api-keys with the JWT failed: ${describe(list)}`)

  // Reuse the key from a previous run while it still authenticates against this database.
  let key = readEnvFile(file).XCLADE_TEST_API_KEY
  let reused = false
  if (key && key.startsWith("sk_")) {
    const check = await request("GET", `${base}/admin/api-keys?limit=1`, { headers: { authorization: basic(key) } })
    reused = check.status === 200
  }
  if (!reused) {
    const created = await request("POST", `${base}/admin/api-keys`, {
      headers: bearer,
      body: { title: "conformance-bootstrap", type: "secret" },
    })
    const token = created.json && created.json.api_key && created.json.api_key.token
    if (created.status !== 200 || typeof token !== "string" || !token.startsWith("sk_")) {
      fail(`creating the secret API key failed: ${describe(created)}`)
    }
    key = token
    const check = await request("GET", `${base}/admin/api-keys?limit=1`, { headers: { authorization: basic(key) } })
    if (check.status !== 200) fail(`the new secret API key does not authenticate with Basic: ${describe(check)}`)
  }

  const lines = [
    "# Written by scripts/medusa/start.sh; KEY=value, unquoted (make include / sh . / docker --env-file).",
    `XCLADE_TEST_BASE_URL=${base}`,
    `XCLADE_TEST_EMAIL=${email}`,
    `XCLADE_TEST_PASSWORD=${password}`,
    `XCLADE_TEST_API_KEY=${key}`,
    "",
  ]
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}`)
  fs.writeFileSync(tmp, lines.join("\n"), { mode: 0o600 })
  fs.renameSync(tmp, file)
  process.stderr.write(`[xclade-medusa] login ok; secret API key ${reused ? "reused" : "created"}\n`)
}

async function main() {
  const [cmd, arg] = process.argv.slice(2)
  switch (cmd) {
    case "health": {
      try {
        const res = await fetch(arg, { signal: AbortSignal.timeout(3000) })
        process.exit(res.status === 200 ? 0 : 1)
      } catch (_) {
        process.exit(1)
      }
    }
    case "port-open": {
      const sock = net.connect({ host: "127.0.0.1", port: Number(arg) })
      sock.setTimeout(2000)
      sock.on("connect", () => {
        sock.destroy()
        process.exit(0)
      })
      sock.on("timeout", () => process.exit(1))
      sock.on("error", () => process.exit(1))
      return
    }
    case "secret":
      process.stdout.write(crypto.randomBytes(32).toString("hex") + "\n")
      return
    case "check-lock": {
      const pkg = JSON.parse(fs.readFileSync(path.join(arg, "package.json"), "utf8"))
      const root = JSON.parse(fs.readFileSync(path.join(arg, "package-lock.json"), "utf8")).packages[""]
      let ok = true
      for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
        if (JSON.stringify(pkg[field] || {}) !== JSON.stringify(root[field] || {})) {
          process.stderr.write(`[xclade-medusa] ${field} in package.json differ from package-lock.json\n`)
          ok = false
        }
      }
      process.exit(ok ? 0 : 1)
    }
    case "verify-install": {
      const locked = JSON.parse(fs.readFileSync(path.join(arg, "package-lock.json"), "utf8")).packages
      let bad = 0
      for (const [key, entry] of Object.entries(locked)) {
        if (!key || entry.optional || entry.extraneous) continue
        let version = null
        try {
          version = JSON.parse(fs.readFileSync(path.join(arg, key, "package.json"), "utf8")).version
        } catch (_) {
          // missing
        }
        if (version !== entry.version) {
          if (bad++ < 10) process.stderr.write(`[xclade-medusa] ${key}: locked ${entry.version}, installed ${version}\n`)
        }
      }
      process.exit(bad ? 1 : 0)
    }
    case "bootstrap":
      return bootstrap()
    default:
      fail(`helper: unknown command ${cmd}`)
  }
}

main().catch((err) => fail(`helper: ${err && err.message ? err.message : err}`))
