FROM ruby:3.3
RUN gem install bundler:2.5.3 && gem install rails -v 7.1.2 && gem install --version 1.0 rake
