/**
 * The demo shop's starting mesh config. It follows lib/mesh/samples/shop.yaml in spirit but only names
 * endpoints the demo really runs (no static addresses), so every route has live instances behind it.
 * Rules are named so the tour can address them: reviews/split (weights), ratings/default (faults),
 * pricing/default (delays), cart/default (the web → cart timeout). reviews/split retries 5xx, so that web
 * hardly sees the tour's aborts on ratings.
 */
export const DEMO_MESH_YAML = `# weft demo: web → catalog → reviews (v1/v2/v3) → ratings, web → cart → pricing (gRPC)
services:
  - name: web
    namespace: shop
    labels: { tier: frontend }
  - name: catalog
    namespace: shop
    routes:
      # A path rule, so catalog's page can split its charts by route (http.route "/products/*").
      - name: products
        match: { path: { prefix: /products/ } }
        destinations: [{ service: catalog }]
        timeout: 3s
  - name: cart
    namespace: shop
    routes:
      - name: default
        destinations: [{ service: cart }]
        timeout: 3s
    policy:
      loadBalancer: { type: least_request }
      # 100%: the demo runs one cart instance, and the tour's timeouts should visibly eject it (with
      # every endpoint ejected the balancer is in panic and still sends to it, as Envoy does).
      outlierDetection:
        consecutive5xx: 5
        interval: 5s
        baseEjectionTime: 30s
        maxEjectionPercent: 100
  - name: pricing
    namespace: shop
    routes:
      - name: default
        destinations: [{ service: pricing }]
  - name: reviews
    namespace: shop
    subsets:
      - { name: v1, labels: { version: v1 } }
      - { name: v2, labels: { version: v2 } }
      - { name: v3, labels: { version: v3 } }
    routes:
      - name: split
        destinations:
          - { service: reviews, subset: v1, weight: 100 }
        timeout: 2s
        # A fault on ratings is answered by reviews' sidecar and never retried there (the fault filter
        # runs before the router, as in Envoy); retrying the call to reviews makes a fresh call to ratings.
        retry: { attempts: 2, retryOn: [5xx] }
  - name: ratings
    namespace: shop
    routes:
      - name: default
        destinations: [{ service: ratings }]
        timeout: 1s
`;
