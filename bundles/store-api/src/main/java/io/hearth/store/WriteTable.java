package io.hearth.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Write access to the objects of one kind inside a write transaction. The store owns
 * {@code meta}: whatever the caller puts there is replaced, except that {@link #update} reads
 * {@code meta.version} as the version the change was built on.
 */
@ProviderType
public interface WriteTable<T> extends ReadTable<T> {

  /**
   * Stores a new object and returns it as stored (with its meta stamped).
   *
   * @throws InvalidObjectException if the id is missing
   * @throws AlreadyExistsException if an object with this id exists
   * @throws NameConflictException if the kind has unique names and the name is taken
   */
  T create(T object);

  /**
   * Replaces an object and returns it as stored. Compare-and-swap: {@code object.meta.version}
   * must equal the stored object's version.
   *
   * @throws NotFoundException if there is no object with this id
   * @throws SequenceConflictException if the object was built on another version
   * @throws NameConflictException if the new name is taken by another object
   */
  T update(T object);

  /**
   * Removes the object with this id and returns it as it was.
   *
   * @throws NotFoundException if there is none
   */
  T delete(String id);
}
