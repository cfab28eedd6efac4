#ifndef NNSTEP_CEDITLINE_SHIM_H
#define NNSTEP_CEDITLINE_SHIM_H
#include <stdio.h>
#include <histedit.h>
#endif
