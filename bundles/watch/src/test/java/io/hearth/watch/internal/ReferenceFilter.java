package io.hearth.watch.internal;

import io.hearth.model.ConfigReference;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.Node;
import io.hearth.model.SecretReference;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.WatchEntry;
import io.hearth.model.WatchKind;
import io.hearth.model.WatchRequest;
import io.hearth.model.WatchSelector;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The reference the model test compares with: what a request matches, written the obvious way
 * (read each field, compare), independently of the compiled matchers and the index.
 */
final class ReferenceFilter {
  private ReferenceFilter() {
  }

  /** The commits of {@code all} after {@code after} and up to {@code upTo}, as delivered. */
  static List<Commit> expected(WatchRequest request, List<Commit> all, long after, long upTo) {
    List<Commit> out = new ArrayList<>();
    for (Commit c : all) {
      if (c.version() <= after || c.version() > upTo) {
        continue;
      }
      List<StoreEvent> events = new ArrayList<>();
      for (StoreEvent e : c.events()) {
        if (matches(request, e)) {
          events.add(request.getIncludeOldObject() ? e
              : new StoreEvent(e.kind(), e.action(), e.object(), null));
        }
      }
      if (!events.isEmpty()) {
        out.add(new Commit(c.version(), events));
      }
    }
    return out;
  }

  static boolean matches(WatchRequest request, StoreEvent event) {
    for (WatchEntry entry : request.getEntriesList()) {
      if (matches(entry, event)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(WatchEntry entry, StoreEvent event) {
    if (entry.getKind() != WatchKind.WATCH_KIND_ANY
        && ObjectKind.all().indexOf(event.kind()) + 1 != entry.getKindValue()) {
      return false;
    }
    int bit = switch (event.action()) {
      case CREATE -> 1;
      case UPDATE -> 2;
      case REMOVE -> 4;
    };
    if (entry.getActions() != 0 && (entry.getActions() & bit) == 0) {
      return false;
    }
    for (WatchSelector s : entry.getSelectorsList()) {
      if (!matches(s, event.object())) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(WatchSelector s, Object o) {
    switch (s.getByCase()) {
      case ID:
        return id(o).equals(s.getId());
      case ID_PREFIX:
        return id(o).startsWith(s.getIdPrefix());
      case NAME:
        return !name(o).isEmpty() && name(o).equalsIgnoreCase(s.getName());
      case NAME_PREFIX:
        return !name(o).isEmpty()
            && name(o).toLowerCase(Locale.ROOT).startsWith(s.getNamePrefix().toLowerCase(Locale.ROOT));
      case LABEL: {
        Map<String, String> labels = labels(o);
        return labels.containsKey(s.getLabel().getKey())
            && (!s.getLabel().hasValue()
                || labels.get(s.getLabel().getKey()).equals(s.getLabel().getValue()));
      }
      case SERVICE_ID:
        return ((Task) o).getServiceId().equals(s.getServiceId());
      case NODE_ID:
        return ((Task) o).getNodeId().equals(s.getNodeId());
      case SLOT:
        return ((Task) o).getServiceId().equals(s.getSlot().getServiceId())
            && ((Task) o).getSlot() == s.getSlot().getSlot();
      case DESIRED_STATE:
        return ((Task) o).getDesiredState() == s.getDesiredState();
      case OBSERVED_STATE:
        return ((Task) o).getStatus().getState() == s.getObservedState();
      case OBSERVED_STATE_GREATER_THAN:
        return ((Task) o).getStatus().getState().getNumber()
            > s.getObservedStateGreaterThan().getNumber();
      case ROLE:
        return ((Node) o).getRole() == s.getRole();
      case MEMBERSHIP:
        return ((Node) o).getSpec().getMembership() == s.getMembership();
      case REFERENCED_NETWORK_ID:
        return networks(o).contains(s.getReferencedNetworkId());
      case REFERENCED_SECRET_ID:
        return secrets(o).contains(s.getReferencedSecretId());
      case REFERENCED_CONFIG_ID:
        return configs(o).contains(s.getReferencedConfigId());
      default:
        throw new AssertionError("selector " + s);
    }
  }

  private static String id(Object o) {
    return anyKind(o).id;
  }

  private static String name(Object o) {
    return anyKind(o).name;
  }

  private static Map<String, String> labels(Object o) {
    return anyKind(o).labels;
  }

  private record Common(String id, String name, Map<String, String> labels) { }

  private static Common anyKind(Object o) {
    if (o instanceof io.hearth.model.Cluster c) {
      return new Common(c.getId(), c.getSpec().getAnnotations().getName(),
          c.getSpec().getAnnotations().getLabelsMap());
    } else if (o instanceof Node n) {
      return new Common(n.getId(), n.getSpec().getAnnotations().getName(),
          n.getSpec().getAnnotations().getLabelsMap());
    } else if (o instanceof Service s) {
      return new Common(s.getId(), s.getSpec().getAnnotations().getName(),
          s.getSpec().getAnnotations().getLabelsMap());
    } else if (o instanceof Task t) {
      return new Common(t.getId(), t.getAnnotations().getName(),
          t.getAnnotations().getLabelsMap());
    } else if (o instanceof io.hearth.model.Network n) {
      return new Common(n.getId(), n.getSpec().getAnnotations().getName(),
          n.getSpec().getAnnotations().getLabelsMap());
    } else if (o instanceof io.hearth.model.Secret s) {
      return new Common(s.getId(), s.getSpec().getAnnotations().getName(),
          s.getSpec().getAnnotations().getLabelsMap());
    } else if (o instanceof io.hearth.model.Config c) {
      return new Common(c.getId(), c.getSpec().getAnnotations().getName(),
          c.getSpec().getAnnotations().getLabelsMap());
    }
    throw new AssertionError(o);
  }

  private static Set<String> networks(Object o) {
    Set<String> ids = new HashSet<>();
    if (o instanceof Service s) {
      s.getSpec().getTask().getNetworksList().forEach(n -> ids.add(n.getTarget()));
      s.getSpec().getNetworksList().forEach(n -> ids.add(n.getTarget()));
    } else {
      Task t = (Task) o;
      for (NetworkAttachmentConfig n : t.getSpec().getNetworksList()) {
        ids.add(n.getTarget());
      }
      for (NetworkAttachment a : t.getNetworksList()) {
        ids.add(a.getNetworkId());
      }
    }
    return ids;
  }

  private static TaskSpec spec(Object o) {
    return o instanceof Service s ? s.getSpec().getTask() : ((Task) o).getSpec();
  }

  private static Set<String> secrets(Object o) {
    Set<String> ids = new HashSet<>();
    for (SecretReference r : spec(o).getContainer().getSecretsList()) {
      ids.add(r.getSecretId());
    }
    return ids;
  }

  private static Set<String> configs(Object o) {
    Set<String> ids = new HashSet<>();
    for (ConfigReference r : spec(o).getContainer().getConfigsList()) {
      ids.add(r.getConfigId());
    }
    return ids;
  }
}
