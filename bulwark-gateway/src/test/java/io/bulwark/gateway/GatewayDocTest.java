package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration example in docs/gateway.md is valid against the shipped schema. */
class GatewayDocTest {
  private static final Path REPO_ROOT = Path.of("").toAbsolutePath().getParent();

  @TempDir Path dir;

  @Test
  void configurationExampleInTheDocsIsValid() throws Exception {
    String doc = Files.readString(REPO_ROOT.resolve("docs/gateway.md"), StandardCharsets.UTF_8);
    int start = doc.indexOf("```yaml\ngateway:");
    assertThat(start).as("docs/gateway.md has a gateway example").isNotNegative();
    String example = doc.substring(start + "```yaml\n".length(), doc.indexOf("```", start + 7));
    Path file = dir.resolve("bulwark.yaml");
    Files.writeString(file, example);
    assertThat(new ConfigLoader().validate(file)).isEmpty();
  }
}
