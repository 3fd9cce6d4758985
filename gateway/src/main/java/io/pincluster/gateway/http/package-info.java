/**
 * The HTTP side of the gateway: {@link io.pincluster.gateway.http.GatewayService} parses {@code /ipfs/{cid}[/path]}
 * requests, picks a response format (deserialized, raw block, CAR) and answers from a
 * {@link io.pincluster.gateway.content.ContentSource}. The other classes each handle one part of the protocol:
 * path validation, byte ranges, content types, caching headers, directory listings and error bodies.
 */
package io.pincluster.gateway.http;
