/**
 * Helpers every module's tests share: free loopback ports ({@link io.pincluster.testkit.FreePorts}) and a clock
 * that moves only when a test moves it ({@link io.pincluster.testkit.ManualClock}). Test scope only; no
 * dependency on other project modules, so any module's tests may use it.
 */
package io.pincluster.testkit;
