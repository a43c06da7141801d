"""pyserial URL handlers (``serial.protocol_handler_packages``): ``protocol_<scheme>`` modules."""
