/** Writing the peer's own files (identity, configuration) so that a crash never leaves a half-written one. */
package io.pincluster.service.files;
