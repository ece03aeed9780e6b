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
      // migrations are applied and its pool is open. Measured: a start takes about 1 s on
      // PostgreSQL; 15 s leaves room for a slow database.
      wait_ready: true,
      listen_timeout: 15_000,
      // SIGINT, then this long to drain (in-flight requests, a webhook delivery of at most
      // WEBHOOK_TIMEOUT_MS, 10 s by default) before SIGKILL.
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
