//! Learners for TMO Lab: A2C and RC-A2C on burn's ndarray backend.
