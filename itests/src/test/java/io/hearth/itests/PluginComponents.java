package io.hearth.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The state of the control-plane plugins' DS components in this framework, as SCR reports it:
 * whether each plugin's component is active here (it requires Leadership, so it should be
 * exactly while this node leads).
 */
final class PluginComponents {
  static final List<String> PLUGINS =
      List.of("io.hearth.orchestrator", "io.hearth.allocator", "io.hearth.scheduler");

  private final ServiceComponentRuntime scr;
  private final OsgiSupport osgi;

  PluginComponents(ServiceComponentRuntime scr, OsgiSupport osgi) {
    this.scr = scr;
    this.osgi = osgi;
  }

  /**
   * Per plugin bundle, the states of its component's configurations ("ACTIVE",
   * "UNSATISFIED_REFERENCE", ...), or "no component" while the bundle is not active.
   */
  Map<String, String> states(List<String> bundles) {
    Map<String, String> states = new TreeMap<>();
    for (String bsn : bundles) {
      Bundle bundle = osgi.bundle(bsn);
      List<String> configs = new ArrayList<>();
      for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle)) {
        for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
          configs.add(name(c.state));
        }
      }
      states.put(bsn, configs.isEmpty() ? "no component" : String.join(",", configs));
    }
    return states;
  }

  /** Whether every one of {@code bundles} has its component ACTIVE. */
  static boolean allActive(Map<String, String> states) {
    return states.values().stream().allMatch("ACTIVE"::equals);
  }

  /** Whether none of the components in {@code states} is ACTIVE. */
  static boolean noneActive(Map<String, String> states) {
    return states.values().stream().noneMatch(s -> List.of(s.split(",")).contains("ACTIVE"));
  }

  void awaitAllActive(List<String> bundles) throws InterruptedException {
    osgi.awaitValue("plugin components active", () -> states(bundles), PluginComponents::allActive);
  }

  void awaitNoneActive(List<String> bundles) throws InterruptedException {
    osgi.awaitValue("plugin components inactive", () -> states(bundles),
        PluginComponents::noneActive);
  }

  private static String name(int state) {
    switch (state) {
      case ComponentConfigurationDTO.ACTIVE:
        return "ACTIVE";
      case ComponentConfigurationDTO.SATISFIED:
        return "SATISFIED";
      case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
        return "UNSATISFIED_REFERENCE";
      case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
        return "UNSATISFIED_CONFIGURATION";
      case ComponentConfigurationDTO.FAILED_ACTIVATION:
        return "FAILED_ACTIVATION";
      default:
        return "state " + state;
    }
  }
}
