// pm2 process file: payments-server as a cluster of workers sharing one port.
//   npm run start:cluster   start (PM2_INSTANCES workers, default 2)
//   npm run reload          replace the workers one by one (no downtime)
//   npm run stop            stop and forget them
// Configuration comes from the environment and .env, as for `npm run start:prod`.
module.exports = {
  apps: [
    {
      name: process.env.PM2_APP_NAME || "payments-server",
      script: "lib/src/executable/server.js",
      cwd: __dirname,
      exec_mode: "cluster",
      instances: Number(process.env.PM2_INSTANCES || 2),
      // A worker counts as online only after process.send("ready"): it listens, its
      // migrations are applied and its pool is open. Measured (2026-11-23, 2 cores,
      // PostgreSQL 15): ready 1.1-1.2 s after start; 15 s leaves room for a slow database.
      wait_ready: true,
      listen_timeout: 15_000,
      // SIGINT, then this long to drain before SIGKILL. Measured: an idle worker stops in
      // 1.2-1.9 s; a busy one also waits DRAIN_GRACE_MS (5 s) for its clients' keep-alive
      // connections and finishes its in-flight requests and webhook deliveries
      // (WEBHOOK_TIMEOUT_MS, 10 s at most).
      kill_timeout: 20_000,
      shutdown_with_message: false,
      autorestart: true,
      max_restarts: 10,
      min_uptime: 5_000,
      merge_logs: true,
      env: { NODE_ENV: process.env.NODE_ENV || "production" },
    },
  ],
};
