/** Time written the way ipfs-cluster users write it (Go duration syntax). */
package io.pincluster.core.time;
