/** The pin domain: what a pin asks for, what the log holds, and where each peer stands with it. */
package io.pincluster.core.pin;
