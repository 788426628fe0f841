package io.bulwark.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeValuesTest {
  @Test
  void convertsJavaNumbersToCelTypes() {
    assertThat(AttributeValues.normalize(Map.of("a", 1, "b", 2.5f, "c", List.of(3))))
        .isEqualTo(Map.of("a", 1L, "b", 2.5d, "c", List.of(3L)));
  }

  @Test
  void rejectsUnsupportedTypesNamingTheAttributeNotTheValue() {
    assertThatThrownBy(() -> AttributeValues.normalize(Map.of("when", new java.util.Date())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribute 'when' has unsupported type Date");
  }

  @Test
  void parsesCommandLineValuesAsYamlFlow() {
    assertThat(AttributeValues.parse("[pwd, otp]")).isEqualTo(List.of("pwd", "otp"));
    assertThat(AttributeValues.parse("42")).isEqualTo(42L);
    assertThat(AttributeValues.parse("true")).isEqualTo(true);
    assertThat(AttributeValues.parse("alice")).isEqualTo("alice");
    assertThat(AttributeValues.parse("[unclosed")).isEqualTo("[unclosed");
  }
}
