// Medusa configuration for the conformance server started by ../start.sh.
// Every secret comes from the environment; nothing is stored in this file.
import { defineConfig } from "@medusajs/framework/utils"

function fromEnv(name: string): string {
  const value = process.env[name]
  if (!value) {
    throw new Error(`${name} is not set (scripts/medusa/start.sh exports it)`)
  }
  return value
}

// The API is only reached from this machine (127.0.0.1); CORS matters only to browsers.
const cors = process.env.XCLADE_MEDUSA_CORS || "http://127.0.0.1,http://localhost"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: fromEnv("DATABASE_URL"),
    http: {
      jwtSecret: fromEnv("JWT_SECRET"),
      cookieSecret: fromEnv("COOKIE_SECRET"),
      storeCors: cors,
      adminCors: cors,
      authCors: cors,
    },
  },
  admin: {
    disable: true,
  },
})
