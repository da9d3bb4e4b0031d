/** How Undercurrent obtains a Spark session: embedded local mode by default, a cluster when asked. */
package dev.undercurrent.spark.session;
