# syntax=docker/dockerfile:1
# One image for every app; APP (build arg or runtime env) picks apps/<APP>/src/main.ts.
# Apps run the way `npm start` runs them in development: TypeScript through @swc-node/register
# (no separate build step, so the image runs exactly the sources that were tested).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json .swcrc nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
COPY scripts ./scripts
ARG APP=gateway
ENV APP=${APP} \
    NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    LOG_LEVEL=info \
    KEYS_DIR=/var/lib/uocava/keys
RUN mkdir -p /var/lib/uocava/keys && chown node:node /var/lib/uocava/keys
# The sources stay root-owned and read-only for the unprivileged `node` user (uid 1000).
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["sh", "-c", "exec node -r @swc-node/register apps/${APP}/src/main.ts"]
