// rate-limiter-flexible documents RateLimiterStoreAbstract as the base of a custom store and types
// it in its index, but its index.js does not export it (animir/node-rate-limiter-flexible#149),
// so we import the class from its own file and give that file the library's own type.
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js' {
  import { RateLimiterStoreAbstract } from 'rate-limiter-flexible';
  export default RateLimiterStoreAbstract;
}
