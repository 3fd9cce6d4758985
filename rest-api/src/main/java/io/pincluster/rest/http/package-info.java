/** HTTP plumbing shared by the routes: JSON error responses and NDJSON streaming with a trailer. */
package io.pincluster.rest.http;
