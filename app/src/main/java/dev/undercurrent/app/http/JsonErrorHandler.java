package dev.undercurrent.app.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answers to requests it refuses before any of the API's handlers run (a path that does
 * not decode, a URI or header too long), as JSON like every other error of the API, instead of
 * Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  JsonErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(body(code, message));
  }

  static String body(int status, String reason) {
    String why = reason == null || reason.isBlank() ? "the request could not be read" : reason;
    String hint = switch (status) {
      case 400 -> " (the request could not be read; is a % in the path not followed by two hex digits?)";
      case 414 -> " (the path is too long)";
      case 431 -> " (the headers are too large)";
      default -> "";
    };
    return ApiServer.errorJson("HTTP " + status + ": " + why + hint);
  }
}
