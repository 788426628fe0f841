/**
 * File-system helpers shared by every role: atomic, permission-aware replacement of small files,
 * and the debounced watch loop behind the file and directory watchers.
 */
package io.bulwark.core.fs;
