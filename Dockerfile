# specshift as a container image. Build it from the published package's files: the repository after
# `npm run build`, or an unpacked `npm pack` tarball (docs/container.md):
#
#   npm pack && tar xzf specshift-*.tgz && docker build -t specshift package/
#   docker run --rm -p 4600:4600 specshift
#
# Two stages: the first installs the runtime dependencies and compiles better-sqlite3's native
# addon (it needs a compiler when no prebuilt binary can be downloaded); the second holds Node,
# those modules and specshift's built files, and runs as the unprivileged `node` user.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json ./
# --ignore-scripts: the package's own `prepare` (a TypeScript build) must not run here; then only
# better-sqlite3's install script runs, to fetch or compile its addon
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 \
 && rm -rf node_modules/better-sqlite3/build/Release/obj node_modules/better-sqlite3/build/Release/obj.target \
           node_modules/better-sqlite3/build/Release/.deps node_modules/better-sqlite3/build/Release/sqlite3.a \
           node_modules/better-sqlite3/build/Release/test_extension.node node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
 && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    SPECSHIFT_HOST=0.0.0.0 \
    SPECSHIFT_PORT=4600 \
    SPECSHIFT_DATA=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY dist/src ./dist/src
COPY dist/bundle ./dist/bundle
COPY data ./data
COPY schema ./schema
RUN mkdir -p /data && chown node:node /data
USER node
# the SQLite data directory; `--in-memory` (SPECSHIFT_IN_MEMORY=1) keeps nothing instead
VOLUME ["/data"]
EXPOSE 4600
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.SPECSHIFT_PORT || 4600) + '/_specshift/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "--no-parallel-scavenge", "bin/specshift.js"]
CMD ["serve"]
