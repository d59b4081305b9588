/**
 * The demo shop's starting mesh config. It follows lib/mesh/samples/shop.yaml in spirit but only names
 * endpoints the demo really runs (no static addresses), so every route has live instances behind it.
 * Rules are named so the tour can address them: reviews/split (weights), ratings/default (faults),
 * pricing/default (delays), cart/default (the web → cart timeout).
 */
export const DEMO_MESH_YAML = `# weft demo: web → catalog → reviews (v1/v2/v3) → ratings, web → cart → pricing (gRPC)
services:
  - name: web
    namespace: shop
    labels: { tier: frontend }
  - name: catalog
    namespace: shop
    routes:
      - name: default
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
      outlierDetection:
        consecutive5xx: 5
        interval: 10s
        baseEjectionTime: 30s
        maxEjectionPercent: 50
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
  - name: ratings
    namespace: shop
    routes:
      - name: default
        destinations: [{ service: ratings }]
        timeout: 1s
`;
