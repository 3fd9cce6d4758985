/** Typed failures that keep their meaning from the consensus layer to the HTTP status. */
package io.pincluster.core.error;
