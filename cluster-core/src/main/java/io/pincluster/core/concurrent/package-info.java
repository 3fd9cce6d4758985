/** Small helpers for asynchronous code shared by every module. */
package io.pincluster.core.concurrent;
