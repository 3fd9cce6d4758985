/** The small block-level contracts shared by the importer, the block stores and the codecs. */
package io.pincluster.core.block;
