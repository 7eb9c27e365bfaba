#ifndef GROKSCALE_CZEROMQ_SHIM_H
#define GROKSCALE_CZEROMQ_SHIM_H
#include <zmq.h>
#endif
