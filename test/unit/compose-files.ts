/** Real-world shaped Compose files and what `depwatch import compose` must make of them. */
export interface ComposeCase {
  name: string;
  /** The project folder (names the project unless the file or --project-name does). */
  project: string;
  compose: string;
  args?: string[];
  env?: Record<string, string>;
  /** Expected services as loaded from the output; `dir` is the project folder. */
  services: (dir: string) => Record<string, unknown>[];
  /** Comments the output must carry, as written (`# …` on its own line or after a value). */
  comments?: string[];
}

const docker = (container: string, extra: Record<string, unknown> = {}) => ({ type: "docker", container, mounts: [], ...extra });

export const COMPOSE_FILES: ComposeCase[] = [
  {
    name: "WordPress with MySQL: short depends_on, named volumes",
    project: "blog",
    compose: `services:
  db:
    image: mysql:8
    volumes:
      - db_data:/var/lib/mysql
    restart: always
  wordpress:
    image: wordpress:latest
    depends_on:
      - db
    ports:
      - "8000:80"
    volumes: ["wp_data:/var/www/html"]
volumes:
  db_data: {}
  wp_data: {}
`,
    services: () => [
      { id: "blog-db", check: docker("blog-db-1", { mounts: [{ destination: "/var/lib/mysql", volume: "blog_db_data", rw: true }] }) },
      { id: "blog-wordpress", check: docker("blog-wordpress-1", { mounts: [{ destination: "/var/www/html", volume: "blog_wp_data", rw: true }] }), dependsOn: ["blog-db"] },
    ],
  },
  {
    name: "long depends_on: service_healthy, service_completed_successfully, required: false with restart",
    project: "shop",
    compose: `name: shop
services:
  postgres:
    image: postgres:16
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 5s
      timeout: 3s
      retries: 5
      start_period: 1m30s
  migrate:
    image: shop-api
    command: ["migrate"]
    depends_on:
      postgres:
        condition: service_healthy
  redis:
    image: redis:7
  api:
    image: shop-api
    depends_on:
      migrate:
        condition: service_completed_successfully
      redis:
        condition: service_started
        required: false
        restart: true
`,
    services: () => [
      { id: "shop-postgres", check: docker("shop-postgres-1"), startPeriod: 90_000 },
      { id: "shop-migrate", check: docker("shop-migrate-1", { completed: true }), dependsOn: ["shop-postgres"] },
      { id: "shop-redis", check: docker("shop-redis-1") },
      { id: "shop-api", check: docker("shop-api-1"), dependsOn: ["shop-migrate", "shop-redis?"] },
    ],
    comments: ["# healthcheck every 5s: pg_isready -U postgres (the check fails until Docker reports it healthy)", "shop-postgres # condition: service_healthy", "shop-migrate # condition: service_completed_successfully", "# required: false, restart: true", "# a one-shot job (others wait for service_completed_successfully): passes once it exited with code 0"],
  },
  {
    name: "volumes: binds relative and absolute, read-only, long syntax, external and renamed volumes, tmpfs",
    project: "media",
    compose: `services:
  app:
    image: media
    volumes:
      - ./config:/config:ro
      - /srv/media:/media
      - cache:/cache
      - /scratch
      - type: volume
        source: shared
        target: /shared
        read_only: true
      - type: bind
        source: ./uploads
        target: /uploads
      - type: tmpfs
        target: /tmp
      - type: npipe
        source: \\\\.\\pipe\\docker_engine
        target: /pipe
      - legacy:/legacy
volumes:
  cache:
  shared:
    external: true
  renamed:
    name: real-name
`,
    services: (dir) => [
      {
        id: "media-app",
        check: docker("media-app-1", {
          mounts: [
            { destination: "/config", source: `${dir}/config`, rw: false },
            { destination: "/media", source: "/srv/media", rw: true },
            { destination: "/cache", volume: "media_cache", rw: true },
            { destination: "/scratch", rw: true },
            { destination: "/shared", volume: "shared", rw: false },
            { destination: "/uploads", source: `${dir}/uploads`, rw: true },
            { destination: "/tmp" },
            { destination: "/legacy", volume: "media_legacy", rw: true },
          ],
        }),
      },
    ],
    comments: ["# volume of type npipe at /pipe: not checked", "# volume legacy is not declared under the top-level volumes:; assumed to be the project's"],
  },
  {
    name: "anchors and merge keys instead of extends",
    project: "anchors",
    compose: `x-worker: &worker
  image: worker
  depends_on: [queue]
  healthcheck:
    test: ["CMD", "worker", "ping"]
    start_period: 20s
services:
  queue:
    image: rabbitmq
    container_name: rabbit
  email:
    <<: *worker
  billing:
    <<: *worker
    container_name: billing-worker
  legacy:
    extends: { service: email }
`,
    services: () => [
      { id: "anchors-queue", check: docker("rabbit") },
      { id: "anchors-email", check: docker("anchors-email-1"), dependsOn: ["anchors-queue"], startPeriod: 20_000 },
      { id: "anchors-billing", check: docker("billing-worker"), dependsOn: ["anchors-queue"], startPeriod: 20_000 },
      { id: "anchors-legacy", check: docker("anchors-legacy-1") },
    ],
    comments: ["# extends: is not followed; only the keys written here are imported"],
  },
  {
    name: "profiles: only the default services, the rest named in a comment",
    project: "profiled",
    compose: `services:
  api:
    image: api
  debug:
    image: busybox
    profiles: [debug]
    depends_on: [api]
  admin:
    image: adminer
    profiles: [tools, debug]
`,
    services: () => [{ id: "profiled-api", check: docker("profiled-api-1") }],
    comments: ["# not imported: debug (profile debug not enabled; pass --profile to include it)", "# not imported: admin (profile tools, debug not enabled; pass --profile to include it)"],
  },
  {
    name: "profiles: --profile enables them",
    project: "profiled-on",
    args: ["--profile", "tools"],
    compose: `services:
  api:
    image: api
  debug:
    image: busybox
    profiles: [debug]
  admin:
    image: adminer
    profiles: [tools]
    depends_on: [api, debug]
`,
    services: () => [
      { id: "profiled-on-api", check: docker("profiled-on-api-1") },
      { id: "profiled-on-admin", check: docker("profiled-on-admin-1"), dependsOn: ["profiled-on-api"] },
    ],
    comments: ["# profiles: tools", "# depends on debug, not imported (profile debug not enabled); dependency left out"],
  },
  {
    name: "--ports: a tcp check per published TCP port",
    project: "web",
    args: ["--ports", "--project-name", "Edge.Web"],
    compose: `services:
  proxy:
    image: nginx
    ports:
      - "80:80"
      - "127.0.0.1:8443:443"
      - "[::1]:9090:9090"
      - "53:53/udp"
      - "3000"
      - target: 5000
        published: "5001"
        host_ip: 0.0.0.0
  sidecar:
    image: agent
    network_mode: host
    ports: ["7000:7000"]
`,
    services: () => [
      { id: "edgeweb-proxy", check: docker("edgeweb-proxy-1") },
      { id: "edgeweb-sidecar", check: docker("edgeweb-sidecar-1") },
      { id: "edgeweb-proxy-port-80", check: { type: "tcp", url: "tcp://127.0.0.1:80" }, dependsOn: ["edgeweb-proxy"] },
      { id: "edgeweb-proxy-port-8443", check: { type: "tcp", url: "tcp://127.0.0.1:8443" }, dependsOn: ["edgeweb-proxy"] },
      { id: "edgeweb-proxy-port-9090", check: { type: "tcp", url: "tcp://[::1]:9090" }, dependsOn: ["edgeweb-proxy"] },
      { id: "edgeweb-proxy-port-5001", check: { type: "tcp", url: "tcp://127.0.0.1:5001" }, dependsOn: ["edgeweb-proxy"] },
    ],
    comments: ["# port 53:53/udp: udp, not checked (tcp checks only)", "# port 3000: published on a random host port, not checked", "# network_mode host: Compose ignores ports:, so none are checked"],
  },
  {
    name: "links, volumes_from and network_mode service: imply dependencies",
    project: "legacy",
    compose: `version: "2.4"
services:
  vpn:
    image: vpn
  db:
    image: postgres
  data:
    image: busybox
  app:
    image: app
    links: ["db:database"]
    volumes_from: ["data:ro"]
    network_mode: "service:vpn"
`,
    services: () => [
      { id: "legacy-vpn", check: docker("legacy-vpn-1") },
      { id: "legacy-db", check: docker("legacy-db-1") },
      { id: "legacy-data", check: docker("legacy-data-1") },
      { id: "legacy-app", check: docker("legacy-app-1"), dependsOn: ["legacy-db", "legacy-data", "legacy-vpn"] },
    ],
    comments: ["legacy-db # implied by links", "legacy-data # implied by volumes_from", "legacy-vpn # implied by network_mode"],
  },
  {
    name: "variables, service names that are not ids, replicas",
    project: "vars",
    env: { STACK: "Prod" },
    compose: `name: \${STACK:-dev}-stack
services:
  web_frontend:
    image: web:\${TAG}
    deploy:
      replicas: 3
    volumes: ["\${DATA_DIR:-/data}/web:/srv"]
  Web.Frontend:
    image: other
`,
    services: () => [
      { id: "prod-stack-web-frontend", check: docker("prod-stack-web_frontend-1", { mounts: [{ destination: "/srv", source: "/data/web", rw: true }] }) },
      { id: "prod-stack-web-frontend-2", check: docker("prod-stack-Web.Frontend-1") },
    ],
    comments: ["# variables not set, read as empty strings (as Compose does): TAG", "# 3 replicas: only replica 1 (prod-stack-web_frontend-1) is checked", "# id prod-stack-web-frontend-2: prod-stack-web-frontend is taken by another service whose name reads the same"],
  },
];
