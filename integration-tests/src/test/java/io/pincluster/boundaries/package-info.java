/**
 * Architecture checks over the source tree: which module may use which. They read the sources and poms of every
 * module of the build, so they live here, where the whole repository is at hand.
 */
package io.pincluster.boundaries;
