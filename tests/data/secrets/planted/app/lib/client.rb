class Client
  def initialize
    @api_key = "uo4CDUmGTNVBPJa7X722deKcNbwT34ei"
  end
end
