package dev.undercurrent.app.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.undercurrent.app.service.RunFixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the server in its own JVM on real stdin and stdout, as an agent's host starts it: stdout
 * must carry protocol messages only, and the process must end when its stdin closes.
 */
class McpStdioProcessTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void servesOnStdioAndExitsWhenStdinCloses(@TempDir Path runDir) throws Exception {
    RunFixtures.writeRun(runDir);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        StdioMain.class.getName(), runDir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try (OutputStream in = p.getOutputStream();
        BufferedReader out = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2024-11-05\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      JsonNode init = JSON.readTree(out.readLine());
      assertEquals(1, init.get("id").asInt(), init.toString());
      in.write(("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
          + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
          + "\"name\":\"get_opportunity\",\"arguments\":{\"id\":\"opp-cross_sell\"}}}\n")
          .getBytes(StandardCharsets.UTF_8));
      in.flush();
      JsonNode call = JSON.readTree(out.readLine());
      assertEquals(2, call.get("id").asInt(), call.toString());
      JsonNode opp = JSON.readTree(call.at("/result/content/0/text").asText());
      assertEquals("cross_sell", opp.get("type").asText());
      in.close();
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server must exit once stdin closes");
      for (String line; (line = out.readLine()) != null; ) {
        JSON.readTree(line); // anything else on stdout would break the client
      }
      assertEquals(0, p.exitValue());
    } finally {
      p.destroyForcibly();
    }
  }
}
