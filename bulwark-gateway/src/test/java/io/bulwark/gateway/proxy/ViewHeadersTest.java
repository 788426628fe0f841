package io.bulwark.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What stages see of the request headers. */
class ViewHeadersTest {

  @Test
  void namesAreLowerCaseAndRepeatedValuesKeepTheirOrder() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add("Host", "shop");
    h.add("X-Forwarded-For", "10.0.0.1");
    h.add("Authorization", "Bearer a");
    h.add("x-forwarded-for", "10.0.0.2");
    h.add("X-FORWARDED-FOR", "10.0.0.3");

    Map<String, List<String>> view = ClientHandler.viewHeaders(h);

    assertThat(view)
        .containsOnlyKeys("host", "x-forwarded-for", "authorization")
        .containsEntry("host", List.of("shop"))
        .containsEntry("authorization", List.of("Bearer a"))
        .containsEntry("x-forwarded-for", List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"));
  }

  @Test
  void theViewCannotBeChanged() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add("Host", "shop");

    Map<String, List<String>> view = ClientHandler.viewHeaders(h);

    assertThatThrownBy(() -> view.put("x", List.of("y")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> view.get("host").add("other"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void noHeadersGiveAnEmptyView() {
    assertThat(ClientHandler.viewHeaders(new DefaultHttpHeaders())).isEmpty();
  }
}
