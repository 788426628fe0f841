package io.bulwark.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.core.config.YamlTree.Position;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code bulwark.yaml} into a layer, reporting every syntax and schema error it finds. */
final class FileSource {
  private FileSource() {}

  /**
   * Reads and validates {@code file}; errors are appended to {@code errors}, sorted by position.
   * Returns empty when the file has any error.
   */
  static Optional<Layer> read(Path file, SchemaCheck check, List<ConfigError> errors) {
    String source = file.toString();
    Optional<String> text = readText(file, source, errors);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    List<ConfigError> found = new ArrayList<>();
    Optional<YamlTree> parsed = YamlTreeReader.read(source, text.get(), found);
    Set<ConfigError> readerErrors = Set.copyOf(found);
    parsed.ifPresent(tree -> {
      for (SchemaCheck.Violation violation : check.check(tree.root())) {
        Position at = tree.locate(violation.path(), violation.atKey());
        ConfigError error =
            new ConfigError(source, at.line(), at.column(), violation.path(), violation.message());
        if (readerErrors.stream().noneMatch(e -> sameSpot(e, error))) {
          found.add(error);
        }
      }
    });
    found.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
    errors.addAll(found);
    if (!found.isEmpty() || parsed.isEmpty()) {
      return Optional.empty();
    }
    YamlTree tree = parsed.get();
    if (!tree.root().isObject()) {
      return Optional.empty();
    }
    Map<String, Origin> origins = new HashMap<>();
    tree.values()
        .forEach((path, at) -> origins.put(path, new Origin(source, at.line(), at.column(), "")));
    return Optional.of(new Layer((ObjectNode) tree.root(), origins));
  }

  private static Optional<String> readText(Path file, String source, List<ConfigError> errors) {
    try {
      if (Files.isDirectory(file)) {
        errors.add(problem(source, "is a directory, not a configuration file"));
        return Optional.empty();
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes((int) ConfigLoader.MAX_FILE_BYTES + 1);
      }
      if (bytes.length > ConfigLoader.MAX_FILE_BYTES) {
        errors.add(
            problem(source, "is larger than " + (ConfigLoader.MAX_FILE_BYTES >> 20) + " MiB"));
        return Optional.empty();
      }
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (NoSuchFileException e) {
      errors.add(problem(source, "file not found"));
    } catch (AccessDeniedException e) {
      errors.add(problem(source, "cannot read: permission denied"));
    } catch (CharacterCodingException e) {
      errors.add(problem(source, "is not valid UTF-8"));
    } catch (IOException e) {
      errors.add(problem(source, "cannot read: " + e.getClass().getSimpleName()));
    }
    return Optional.empty();
  }

  /** A value the reader already rejected (alias, non-finite number) needs no schema error too. */
  private static boolean sameSpot(ConfigError a, ConfigError b) {
    return a.path().equals(b.path()) && a.line() == b.line() && a.column() == b.column();
  }

  private static ConfigError problem(String source, String message) {
    return new ConfigError(source, 0, 0, "", message);
  }
}
