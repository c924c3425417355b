// Loads oneDNN privately (RTLD_LOCAL) and resolves the functions the bridge
// uses. Not linked: a machine without oneDNN still runs every convolution,
// through the NN core's own im2col + GEMM path.
#define _GNU_SOURCE
#include "DNNLLibrary.h"
#include "include/DNNLBridge.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#if NBDNNL_HAS_HEADERS
const nbdnnl_library *nbdnnl = NULL;

static nbdnnl_library loaded;
static char load_error[512];
static char description[128];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

int nbdnnl_fail(char *message, size_t capacity, const char *what, dnnl_status_t status) {
  if (message && capacity)
    snprintf(message, capacity, "oneDNN: %s: %s", what,
             nbdnnl ? nbdnnl->status2str(status) : "library not loaded");
  return -1;
}

/// Opens libdnnl with libgomp's workers told to sleep when idle. By default
/// they spin for milliseconds after every parallel region, on the cores the
/// NN core's own workers need for the element-wise passes between
/// convolutions. libgomp reads the variable once, when it is loaded, which
/// is here (OpenBLAS is its pthread build); a value the user set is kept,
/// and ours is removed again so child processes do not inherit it.
static void *open_library(void) {
  int ours = getenv("OMP_WAIT_POLICY") == NULL;
  if (ours) setenv("OMP_WAIT_POLICY", "passive", 0);
  void *library = dlopen("libdnnl.so.2", RTLD_NOW | RTLD_LOCAL);
  if (ours) unsetenv("OMP_WAIT_POLICY");
  return library;
}

static void load(void) {
  void *library = open_library();
  if (!library) {
    snprintf(load_error, sizeof load_error, "oneDNN not loaded (scripts/setup installs libdnnl-dev): %s",
             dlerror());
    return;
  }
#define NBDNNL_RESOLVE(name)                                                                  \
  if (!(*(void **)&loaded.name = dlsym(library, "dnnl_" #name))) {                            \
    snprintf(load_error, sizeof load_error, "oneDNN: libdnnl.so.2 lacks dnnl_%s", #name); \
    return;                                                                                   \
  }
  NBDNNL_FUNCTIONS(NBDNNL_RESOLVE)
#undef NBDNNL_RESOLVE
  *(void **)&loaded.omp_set_num_threads = dlsym(library, "omp_set_num_threads");
  dnnl_status_t status = loaded.engine_create(&loaded.engine, dnnl_cpu, 0);
  if (status != dnnl_success) {
    snprintf(load_error, sizeof load_error, "oneDNN: no CPU engine: %s", loaded.status2str(status));
    return;
  }
  const dnnl_version_t *version = loaded.version();
  snprintf(description, sizeof description, "oneDNN %d.%d.%d, %s", version->major, version->minor,
           version->patch, loaded.cpu_isa2str(loaded.get_effective_cpu_isa()));
  nbdnnl = &loaded;
}

int nbdnnl_load(char *message, size_t capacity) {
  pthread_once(&load_once, load);
  if (nbdnnl) return 0;
  if (message && capacity) snprintf(message, capacity, "%s", load_error);
  return -1;
}

const char *nbdnnl_description(void) { return description; }
#else
int nbdnnl_load(char *message, size_t capacity) {
  if (message && capacity)
    snprintf(message, capacity, "oneDNN: built without its headers (scripts/setup installs libdnnl-dev)");
  return -1;
}

const char *nbdnnl_description(void) { return ""; }
#endif
