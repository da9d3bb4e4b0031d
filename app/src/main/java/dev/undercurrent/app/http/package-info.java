/**
 * The HTTP API and web page over a finished run (Javalin 6, on the Servlet 5 line that Spark
 * shares). A thin layer: every route calls {@link dev.undercurrent.app.service.RunService} and
 * only maps its answers and errors to HTTP. No business logic here.
 */
package dev.undercurrent.app.http;
