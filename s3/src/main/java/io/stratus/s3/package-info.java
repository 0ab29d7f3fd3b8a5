package io.stratus.s3;
