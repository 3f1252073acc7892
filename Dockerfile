# syntax=docker/dockerfile:1
# Registre's container image for AppAPI deploy daemons (Docker Socket Proxy or HaRP).
#   docker build -t ghcr.io/registre/registre:0.1.0 .
# The tag must match nextcloud-app/appinfo/info.xml (<docker-install>: registry, image, image-tag).
# See docs/install.md, part A.

ARG DEBIAN_IMAGE=debian:12-slim

############################
# Build: registre-server in Release, with the packages scripts/install-deps.sh lists.
############################
FROM ${DEBIAN_IMAGE} AS build
COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN bash /tmp/install-deps.sh run && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake/ cmake/
COPY schema/ schema/
COPY server/ server/
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=Release -DREGISTRE_TESTS=OFF \
 && cmake --build /build -j"$(nproc)" --target registre-server \
 && strip /build/server/registre-server \
 && /build/server/registre-server --version

############################
# Front end: the Vue app built by Vite (nextcloud-app/dist), with the locked npm packages.
############################
# Vite 8 needs Node.js 20.19 or later; Debian 12's nodejs is 18, so this stage uses the Node.js
# image (Debian 12 based). Only dist/ leaves it.
FROM node:20-bookworm-slim AS front
WORKDIR /src/nextcloud-app
COPY nextcloud-app/package.json nextcloud-app/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nextcloud-app/ ./
RUN npm run build

############################
# frpc, for HaRP: not a Debian package; a pinned release, checked against its SHA-256.
# (0.61.1, as HaRP documents for ExApps; checksums from the release's frp_sha256_checksums.txt.)
############################
FROM ${DEBIAN_IMAGE} AS frp
ARG FRP_VERSION=0.61.1
ARG FRP_SHA256_AMD64=bff260b68ca7b1461182a46c4f34e9709ba32764eed30a15dd94ac97f50a2c40
ARG FRP_SHA256_ARM64=af6366f2b43920ebfe6235dba6060770399ed1fb18601e5818552bd46a7621f8
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
RUN set -eu; \
    case "$(dpkg --print-architecture)" in \
      amd64) arch=amd64; sum="$FRP_SHA256_AMD64" ;; \
      arm64) arch=arm64; sum="$FRP_SHA256_ARM64" ;; \
      *) echo "no pinned frpc for $(dpkg --print-architecture)" >&2; exit 1 ;; \
    esac; \
    name="frp_${FRP_VERSION}_linux_${arch}"; \
    curl -fsSL -o /tmp/frp.tar.gz "https://github.com/fatedier/frp/releases/download/v${FRP_VERSION}/${name}.tar.gz"; \
    echo "$sum  /tmp/frp.tar.gz" | sha256sum -c -; \
    tar -xzf /tmp/frp.tar.gz -C /tmp "${name}/frpc"; \
    install -m 0755 "/tmp/${name}/frpc" /usr/local/bin/frpc; \
    /usr/local/bin/frpc --version

############################
# Runtime: the binary, its shared libraries, the front end, frpc; a non-root user.
############################
FROM ${DEBIAN_IMAGE}
# libcpp-httplib0.11 brings libssl3, zlib and brotli; SQLiteCpp is linked statically. tzdata: the
# organisations' time zones; curl: the health check; tini: PID 1 (signals, reaps frpc).
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends \
      libcpp-httplib0.11 libsodium23 libsqlite3-0 tzdata ca-certificates curl tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /nonexistent --shell /usr/sbin/nologin registre \
 && install -d -o registre -g registre -m 0700 /nc_app_registre_data
COPY --from=build /build/server/registre-server /usr/local/bin/registre-server
COPY --from=frp /usr/local/bin/frpc /usr/local/bin/frpc
COPY --from=front /src/nextcloud-app/dist/ /opt/registre/static/
COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/registre-entrypoint
COPY --chmod=0755 docker/healthcheck.sh /usr/local/bin/registre-healthcheck

# AppAPI sets APP_ID, APP_SECRET, APP_HOST, APP_PORT, APP_PERSISTENT_STORAGE, NEXTCLOUD_URL ... at
# deploy; these are defaults for a container started by hand.
ENV REGISTRE_STATIC_DIR=/opt/registre/static \
    APP_HOST=0.0.0.0 \
    APP_PORT=23000 \
    APP_PERSISTENT_STORAGE=/nc_app_registre_data
USER registre
EXPOSE 23000
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 CMD ["/usr/local/bin/registre-healthcheck"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/registre-entrypoint"]
CMD ["/usr/local/bin/registre-server"]
