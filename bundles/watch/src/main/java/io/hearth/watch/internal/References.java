package io.hearth.watch.internal;

import io.hearth.model.ConfigReference;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.SecretReference;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import java.util.List;

/**
 * The networks, secrets and configs a service or task refers to, read as the store's indexes
 * read them (see the store's {@code KindTables}): a service's task spec and its own networks; a
 * task's spec and its network attachments. Allocation-free.
 */
final class References {
  private References() {
  }

  static boolean usesNetwork(Object object, String id) {
    if (object instanceof Service s) {
      return targets(s.getSpec().getTask().getNetworksList(), id)
          || targets(s.getSpec().getNetworksList(), id);
    }
    Task t = (Task) object;
    if (targets(t.getSpec().getNetworksList(), id)) {
      return true;
    }
    for (NetworkAttachment a : t.getNetworksList()) {
      if (a.getNetworkId().equals(id)) {
        return true;
      }
    }
    return false;
  }

  static boolean usesSecret(Object object, String id) {
    for (SecretReference ref : spec(object).getContainer().getSecretsList()) {
      if (ref.getSecretId().equals(id)) {
        return true;
      }
    }
    return false;
  }

  static boolean usesConfig(Object object, String id) {
    for (ConfigReference ref : spec(object).getContainer().getConfigsList()) {
      if (ref.getConfigId().equals(id)) {
        return true;
      }
    }
    return false;
  }

  private static TaskSpec spec(Object object) {
    return object instanceof Service s ? s.getSpec().getTask() : ((Task) object).getSpec();
  }

  private static boolean targets(List<NetworkAttachmentConfig> networks, String id) {
    for (NetworkAttachmentConfig n : networks) {
      if (n.getTarget().equals(id)) {
        return true;
      }
    }
    return false;
  }
}
