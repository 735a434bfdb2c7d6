# Ketang in a container, mirroring the `make dist` tarball's layout (/opt/ketang). Provided for
# container users: image registries are unreachable where Ketang is developed and tested, so
# this file is not built in CI (`make dist-check` exercises the same layout from the tarball).
#
#   docker build -t ketang .
#   docker run --env-file ketang.env -p 8080:8080 ketang

FROM rust:1.95-bookworm AS server
WORKDIR /src
COPY . .
RUN cargo build --locked --release -p ketang

FROM node:20-bookworm AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci
COPY web/ ./
COPY openapi.yaml /src/openapi.yaml
RUN npm run build

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/ketang --shell /usr/sbin/nologin ketang \
 && install -d -o ketang -g ketang /var/lib/ketang
COPY --from=server /src/target/release/ketang /opt/ketang/bin/ketang
COPY --from=web /src/web/dist /opt/ketang/web/dist
COPY deploy/ketang.toml.example /opt/ketang/etc/ketang.toml.example
COPY deploy/nginx/ketang.conf /opt/ketang/etc/nginx-ketang.conf
COPY docs/operations.md deploy/prometheus/alerts.yml /opt/ketang/share/doc/
ENV KETANG_PROFILE=prod \
    KETANG_DATA_DIR=/var/lib/ketang \
    KETANG_SERVER__HOST=0.0.0.0 \
    KETANG_SERVER__PORT=8080 \
    KETANG_WEB__DIST_DIR=/opt/ketang/web/dist \
    KETANG_LOG__FORMAT=json
USER ketang
WORKDIR /var/lib/ketang
VOLUME /var/lib/ketang
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
# Replicas start with --no-migrate; the `migrate` service of compose.yaml runs migrations once.
ENTRYPOINT ["/opt/ketang/bin/ketang"]
CMD ["serve", "--no-migrate"]
